/**
 * Exact nearest neighbours: the engine's shared neighbour search (KNN, DBSCAN, Isomap, UMAP).
 * Import from this file only; everything else in the folder may change.
 *
 *   const tree = buildKdTree(pointsFromColumns(columns));          // or a row-major PointSet
 *   const knn = await nearestNeighbors(tree, queries, k, { p: 2, checkpoint });
 *   knn.indices[q * k + j], knn.distances[q * k + j]               // j-th nearest of query q
 *   const ball = await radiusNeighbors(tree, null, eps);           // each point vs the others
 *   for (let e = ball.offsets[q]; e < ball.offsets[q + 1]; e++) ball.indices[e], ball.distances[e]
 *
 * Contract (stable; later changes stay backward compatible):
 * - Points are a row-major Float64Array (`PointSet`); coordinates must be finite.
 * - Distances are Minkowski of power `p` (default 2; 1 = Manhattan; any p > 0), returned as
 *   true distances (rooted), computed by summing dimensions in order, so they equal a
 *   straightforward brute-force computation bit for bit.
 * - Results are exact. Neighbours come nearest first; equal distances in ascending input index
 *   (ranked on the powered sums, before the root, which may round two different sums to one value).
 * - `queries` null = the tree's own points, each excluding its own index (for k-NN graphs).
 *   Radius searches include points at exactly the radius.
 * - The async forms await `checkpoint` every ~20 ms of compute between blocks of queries (a
 *   rejection aborts); the `…Sync` forms run straight through (synchronous callers only).
 * - No allocation per point or per query in the search loops; results are typed arrays.
 */
export { buildKdTree, type KdTree, type KdTreeOptions } from './kd-tree.js';
export { pointsFromColumns, type PointSet } from './points.js';
export { nearestNeighbors, nearestNeighborsSync, type NearestOptions, type NeighborLists, type PacedOptions } from './nearest.js';
export { radiusNeighbors, radiusNeighborsSync, type RadiusNeighbors, type RadiusOptions } from './radius.js';
