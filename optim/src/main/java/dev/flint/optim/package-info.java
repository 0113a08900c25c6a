/** Optimizers (SGD, Adam) and learning-rate schedulers; real code arrives with the optim issue. */
package dev.flint.optim;
