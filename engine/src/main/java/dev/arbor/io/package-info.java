/** Reading and writing tensors and state dicts: NumPy files, the state-dict format SPI, atomic writes. */
package dev.arbor.io;
