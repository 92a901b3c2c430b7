// Package train holds what every CoreRec model shares on its way into a bundle: the export of trained
// embeddings, ID maps, seen items and popularity into a modelpack bundle. The models themselves live in
// sub-packages (train/mf, ...).
//
// # Concurrency
//
// Functions here do not retain their arguments and may be called concurrently on different values.
package train
