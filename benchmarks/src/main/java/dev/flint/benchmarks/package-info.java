/** JMH benchmarks of Flint kernels and models; the suite arrives with the performance issue. */
package dev.flint.benchmarks;
