/** Layers, losses and the functional API {@code F}, built on {@code dev.flint.core}; real code arrives with the nn issue. */
package dev.flint.nn;
