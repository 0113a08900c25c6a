/**
 * Ready-made architectures with torchvision's parameter names: LeNet-5, AlexNet (the 2012 paper's
 * and torchvision's), VGG 11/13/16/19 with or without batch norm, ResNet 18/34/50/101/152,
 * GoogLeNet with its Inception modules, U-Net, FCN 32s/16s/8s and torchvision's fcn_resnet50.
 */
package dev.flint.nn.models;
