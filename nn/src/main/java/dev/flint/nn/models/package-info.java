/** Ready-made architectures (LeNet-5 now; AlexNet, VGG, ResNet, GoogLeNet, U-Net and FCN follow). */
package dev.flint.nn.models;
