"""Fits the xgboost peer (tree_method='hist', leaf-wise growth) on every requested fold of a
CSV written by peer-process.ts and writes the test-fold predictions and the fit times.

    /usr/bin/python3 peer-fit.py data=<csv> out=<csv> times=<csv> task=regression|classification
        [levels=a|b|c] [folds=1,2] [repeats=1] [threads=1] [seed=1]
        max_leaves=.. eta=.. rounds=.. reg_lambda=.. min_child_weight=.. max_bin=..

The CSV has features x1..xp (strings = categorical), the outcome y and the fold id `fold`;
rows with fold == k are the test set of fold k, all others its training set. Only building
the training DMatrix (where xgboost bins the features, as our booster does inside its fit)
and training are timed.
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb

opt = dict(arg.split("=", 1) for arg in sys.argv[1:])
task = opt["task"]
threads = int(opt.get("threads", "1"))
repeats = int(opt.get("repeats", "1"))

d = pd.read_csv(opt["data"])
fold = d.pop("fold").to_numpy()
y_raw = d.pop("y")
for name in d.columns:
    if d[name].dtype == object:
        d[name] = pd.Categorical(d[name], categories=sorted(d[name].dropna().unique()))
categorical = any(isinstance(d[name].dtype, pd.CategoricalDtype) for name in d.columns)

classes = opt["levels"].split("|") if task == "classification" else None
if classes is None:
    y = y_raw.to_numpy(dtype=float)
else:
    code = {level: i for i, level in enumerate(classes)}
    y = y_raw.map(code).to_numpy(dtype=float)

params = {
    "tree_method": "hist",
    "grow_policy": "lossguide",
    "max_depth": 0,
    "max_leaves": int(opt["max_leaves"]),
    "eta": float(opt["eta"]),
    "reg_lambda": float(opt["reg_lambda"]),
    "min_child_weight": float(opt["min_child_weight"]),
    "max_bin": int(opt["max_bin"]),
    "nthread": threads,
    "seed": int(opt.get("seed", "1")),
}
if classes is None:
    params["objective"] = "reg:squarederror"
elif len(classes) == 2:
    params["objective"] = "binary:logistic"
else:
    params["objective"] = "multi:softprob"
    params["num_class"] = len(classes)
if categorical:
    params["max_cat_to_onehot"] = 4
rounds = int(opt["rounds"])

folds = sorted(set(fold.tolist())) if "folds" not in opt else [int(k) for k in opt["folds"].split(",")]
out_rows = []
time_rows = []
for k in folds:
    train = fold != k
    test = fold == k
    if classes is None or len(classes) == 2:
        # Start from the training mean (probability for binary), as our booster's boost_from_average.
        params["base_score"] = float(np.mean(y[train]))
    elapsed = []
    for _ in range(repeats):
        start = time.perf_counter()
        dtrain = xgb.DMatrix(d[train], label=y[train], enable_categorical=categorical, nthread=threads)
        booster = xgb.train(params, dtrain, num_boost_round=rounds)
        elapsed.append(time.perf_counter() - start)
    p = booster.predict(xgb.DMatrix(d[test], enable_categorical=categorical, nthread=threads))
    if classes is None:
        frame = pd.DataFrame({"value": p})
    elif len(classes) == 2:
        frame = pd.DataFrame({"p0": 1 - p, "p1": p})
    else:
        frame = pd.DataFrame({f"p{c}": p[:, c] for c in range(len(classes))})
    frame.insert(0, "fold", k)
    frame.insert(0, "row", np.flatnonzero(test))
    out_rows.append(frame)
    time_rows.append({"fold": k, "seconds": statistics.median(elapsed)})
pd.concat(out_rows).to_csv(opt["out"], index=False)
pd.DataFrame(time_rows).to_csv(opt["times"], index=False)
