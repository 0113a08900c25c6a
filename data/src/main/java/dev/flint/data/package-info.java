/** Datasets, the IDX/MNIST loaders and the DataLoader; real code arrives with the data issue. */
package dev.flint.data;
