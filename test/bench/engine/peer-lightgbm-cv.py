"""The LightGBM library with rtemis's protocol over given outer folds, with `threads` threads.

Per outer fold: a stratified 5-fold inner search for the number of rounds (up to max_nrounds,
stopping after early_stopping_rounds without improvement on the inner validation part), the mean
best iteration (rounded) refitted on the outer training part, predictions on its test part —
rtemis's LightGBM defaults (num_leaves 8, learning_rate 0.01, min_data_in_leaf 20, …).
Prints {"seconds": <all folds>, "metric": <mean test metric>, "rounds": <mean refit rounds>}.

    python peer-lightgbm-cv.py data=<csv> task=regression|classification threads=2 [seed=1]

The CSV has features x1..xp, the outcome y (class codes 0..k-1 for classification) and `fold`.
Reading the file is not timed.
"""
import json
import sys
import time

import lightgbm as lgb
import numpy as np

opt = dict(arg.split("=", 1) for arg in sys.argv[1:])
task = opt["task"]
threads = int(opt["threads"])
seed = int(opt.get("seed", "1"))
max_nrounds = int(opt.get("max_nrounds", "1000"))

table = np.loadtxt(opt["data"], delimiter=",", skiprows=1)
x, y, fold = table[:, :-2], table[:, -2], table[:, -1].astype(int)
n_classes = int(y.max()) + 1 if task == "classification" else 0

params = {
    "num_leaves": 8,
    "max_depth": -1,
    "learning_rate": 0.01,
    "min_data_in_leaf": 20,
    "min_sum_hessian_in_leaf": 0.001,
    "feature_fraction": 1.0,
    "bagging_fraction": 1.0,
    "bagging_freq": 1,
    "lambda_l1": 0.0,
    "lambda_l2": 0.0,
    "max_bin": 255,
    "min_data_in_bin": 3,
    "force_col_wise": True,
    "num_threads": threads,
    "verbose": -1,
    "seed": seed,
}
if task == "regression":
    params["objective"] = "regression"
elif n_classes == 2:
    params["objective"] = "binary"
else:
    params["objective"] = "multiclass"
    params["num_class"] = n_classes


def stratified_folds(labels, k, rng):
    """Inner fold id per row: each stratum (class, or outcome quartile) shuffled and dealt round-robin."""
    strata = labels if task == "classification" else np.digitize(labels, np.quantile(labels, [0.25, 0.5, 0.75]))
    ids = np.empty(len(labels), dtype=int)
    for value in np.unique(strata):
        rows = rng.permutation(np.flatnonzero(strata == value))
        ids[rows] = np.arange(len(rows)) % k
    return ids


def predict(booster, features):
    p = booster.predict(features)
    if task == "regression":
        return p
    if n_classes == 2:
        return (p >= 0.5).astype(int)
    return p.argmax(axis=1)


def metric(actual, predicted):
    if task == "classification":
        return float(np.mean([np.mean(predicted[actual == c] == c) for c in np.unique(actual)]))
    return float(1 - np.sum((actual - predicted) ** 2) / np.sum((actual - actual.mean()) ** 2))


rng = np.random.default_rng(seed)
scores, rounds = [], []
start = time.perf_counter()
for k in sorted(set(fold.tolist())):
    train, test = fold != k, fold == k
    xt, yt = x[train], y[train]
    inner = stratified_folds(yt, 5, rng)
    best = []
    for j in range(5):
        fit_rows, valid_rows = inner != j, inner == j
        dtrain = lgb.Dataset(xt[fit_rows], label=yt[fit_rows])
        dvalid = lgb.Dataset(xt[valid_rows], label=yt[valid_rows], reference=dtrain)
        booster = lgb.train(params, dtrain, num_boost_round=max_nrounds, valid_sets=[dvalid], callbacks=[lgb.early_stopping(10, verbose=False)])
        best.append(booster.best_iteration)
    nrounds = max(1, round(float(np.mean(best))))
    booster = lgb.train(params, lgb.Dataset(xt, label=yt), num_boost_round=nrounds)
    scores.append(metric(y[test], predict(booster, x[test])))
    rounds.append(nrounds)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "metric": float(np.mean(scores)), "rounds": float(np.mean(rounds))}))
