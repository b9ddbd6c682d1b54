# R ranger over given outer folds, as rtemis trains it (a probability forest for classification,
# impurity importance), with `threads` threads: fit on each fold's training rows, predict its
# test rows. Prints {"seconds": <fit+predict, all folds>, "metric": <mean test metric>}, the metric
# being balanced accuracy (classification) or R-squared (regression).
#
#   Rscript peer-cv.R data=<csv> task=regression|classification trees=500 threads=2 [seed=1]
#
# The CSV has features x1..xp, the outcome y (class codes 0..k-1 for classification) and `fold`
# (1..K: the fold whose test set the row is in). Reading the file is not timed.

args <- commandArgs(trailingOnly = TRUE)
opt <- list()
for (arg in args) {
  at <- regexpr("=", arg, fixed = TRUE)
  opt[[substr(arg, 1, at - 1)]] <- substr(arg, at + 1, nchar(arg))
}
task <- opt$task
threads <- as.integer(opt$threads)
trees <- as.integer(opt$trees)
seed <- as.integer(if (is.null(opt$seed)) "1" else opt$seed)

d <- read.csv(opt$data)
fold <- d$fold
d$fold <- NULL
if (task == "classification") d$y <- factor(d$y)

metric <- function(actual, predicted) {
  if (task == "classification") {
    recalls <- sapply(levels(actual), function(level) mean(predicted[actual == level] == level))
    return(mean(recalls))
  }
  1 - sum((actual - predicted)^2) / sum((actual - mean(actual))^2)
}

scores <- c()
elapsed <- system.time({
  for (k in sort(unique(fold))) {
    train <- d[fold != k, , drop = FALSE]
    test <- d[fold == k, , drop = FALSE]
    fit <- ranger::ranger(
      dependent.variable.name = "y", data = train, num.trees = trees,
      probability = task == "classification", importance = "impurity",
      num.threads = threads, seed = seed
    )
    p <- stats::predict(fit, data = test, num.threads = threads)$predictions
    predicted <- if (task == "classification") factor(colnames(p)[max.col(p, ties.method = "first")], levels = levels(d$y)) else p
    scores <- c(scores, metric(test$y, predicted))
  }
})[["elapsed"]]
cat(sprintf('{"seconds": %.4f, "metric": %.6f}\n', elapsed, mean(scores)))
