/**
 * Looking inside networks and training runs: {@link dev.flint.nn.viz.Images} (filter and
 * activation-map grids, saliency maps, segmentation masks and overlays, PNG output),
 * {@link dev.flint.nn.viz.Charts} (loss/accuracy curves and confusion matrices as SVG) and
 * {@link dev.flint.nn.viz.TrainingReport} (a self-contained HTML page updated after each epoch).
 * Only the JDK (javax.imageio) is used.
 */
package dev.flint.nn.viz;
