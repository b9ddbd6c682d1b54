"""Fits scikit-learn's KNeighborsClassifier / KNeighborsRegressor the way kknn (rtemis's KNN)
measures and weighs, on every requested fold of a CSV written by peer-process.ts, and writes
the test-fold predictions and the times.

    /usr/bin/python3 peer-knn.py data=<csv> out=<csv> times=<csv> task=regression|classification
        [levels=a|b|c] [folds=1,2] [repeats=1] [threads=1] k=7 kernel=optimal|rectangular|triangular
        p=2 [scale=true] [algorithm=auto]

kknn's space: factors one-hot (every level), columns divided by their training sd (n - 1),
columns constant on the training rows left out (kknn gives them weight 0). Weights:
- rectangular: sklearn's own `weights="uniform"` over the k nearest;
- optimal / triangular: a callable over the k + 1 nearest, which scales the k nearest
  distances by the (k+1)-th (floored at 1e-6, clamped to [1e-6, 1 - 1e-6]) and gives the
  (k+1)-th weight 0 -- kknn's rule exactly; "optimal" is Samworth's rank weights for
  d = number of one-hot columns (kknn's optKernel).
Timed per fold: scaling, fit and prediction of the test rows (KNN's work is in the prediction).
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from threadpoolctl import threadpool_limits

opt = dict(arg.split("=", 1) for arg in sys.argv[1:])
task = opt["task"]
threads = int(opt.get("threads", "1"))
repeats = int(opt.get("repeats", "1"))
k = int(opt["k"])
kernel = opt["kernel"]
p = float(opt["p"])
scale = opt.get("scale", "true") == "true"
algorithm = opt.get("algorithm", "auto")

d = pd.read_csv(opt["data"])
fold = d.pop("fold").to_numpy()
y_raw = d.pop("y")
categorical = [name for name in d.columns if d[name].dtype == object]
for name in categorical:
    d[name] = pd.Categorical(d[name], categories=sorted(d[name].dropna().unique()))
design = pd.get_dummies(d, columns=categorical, dtype=float).to_numpy(dtype=float)
terms = design.shape[1]

classes = opt["levels"].split("|") if task == "classification" else None
if classes is None:
    y = y_raw.to_numpy(dtype=float)
else:
    code = {level: i for i, level in enumerate(classes)}
    y = y_raw.map(code).to_numpy(dtype=int)


def optimal_weights(k, d):
    i = np.arange(1, k + 1)
    return 1 / k * (1 + d / 2 - d / (2 * k ** (2 / d)) * (i ** (1 + 2 / d) - (i - 1) ** (1 + 2 / d)))


def kknn_weights(dist):
    reach = np.maximum(dist[:, k : k + 1], 1e-6)
    w = np.clip(dist[:, :k] / reach, 1e-6, 1 - 1e-6)
    if kernel == "optimal":
        weights = np.tile(optimal_weights(k, terms), (dist.shape[0], 1))
    elif kernel == "triangular":
        weights = 1 - w
    else:
        raise SystemExit(f"kernel {kernel} is not mapped")
    return np.hstack([weights, np.zeros((dist.shape[0], 1))])


def fit_predict(train, test):
    x_train = design[train]
    x_test = design[test]
    varying = (x_train != x_train[0]).any(axis=0)
    x_train = x_train[:, varying]
    x_test = x_test[:, varying]
    if scale:
        sd = x_train.std(axis=0, ddof=1)
        x_train = x_train / sd
        x_test = x_test / sd
    uniform = kernel == "rectangular"
    settings = dict(
        n_neighbors=k if uniform else k + 1,
        weights="uniform" if uniform else kknn_weights,
        p=p,
        metric="minkowski",
        algorithm=algorithm,
        n_jobs=threads,
    )
    if classes is None:
        return KNeighborsRegressor(**settings).fit(x_train, y[train]).predict(x_test)
    model = KNeighborsClassifier(**settings).fit(x_train, y[train])
    probabilities = np.zeros((len(x_test), len(classes)))
    # predict_proba's columns are the classes seen in training; absent ones stay 0.
    probabilities[:, model.classes_] = model.predict_proba(x_test)
    return probabilities


folds = sorted(set(fold.tolist())) if "folds" not in opt else [int(f) for f in opt["folds"].split(",")]
out_rows = []
time_rows = []
with threadpool_limits(threads):
    for f in folds:
        train = fold != f
        test = fold == f
        elapsed = []
        for _ in range(repeats):
            start = time.perf_counter()
            prediction = fit_predict(train, test)
            elapsed.append(time.perf_counter() - start)
        if classes is None:
            frame = pd.DataFrame({"value": prediction})
        else:
            frame = pd.DataFrame({f"p{c}": prediction[:, c] for c in range(len(classes))})
        frame.insert(0, "fold", f)
        frame.insert(0, "row", np.flatnonzero(test))
        out_rows.append(frame)
        time_rows.append({"fold": f, "seconds": statistics.median(elapsed)})
pd.concat(out_rows).to_csv(opt["out"], index=False, float_format="%.17g")
pd.DataFrame(time_rows).to_csv(opt["times"], index=False)
