# Fits one R peer (glm, rpart, ranger, nnls or isoreg) on every requested fold of a CSV written by
# peer-process.ts and writes the test-fold predictions and the fit times.
#
#   Rscript peer-fit.R data=<csv> out=<csv> times=<csv> method=glm|rpart|ranger|nnls|isoreg
#     task=regression|classification [levels=a|b|c] [folds=1,2] [repeats=1] [threads=1]
#     [seed=1] plus the method's hyperparameters (cp, minsplit, minbucket, maxdepth,
#     num.trees, mtry, min.node.size; nnls: normalize=TRUE|FALSE; isoreg: feature=<xj>).
# nnls and isoreg fit as rtemis's train_NNLS / train_Isotonic do: binary outcomes as the 0/1
# indicator of the second level, probabilities clamped (nnls) or kept within 1/(2n) (isoreg).
#
# The CSV has features x1..xp (strings = factors), the outcome y and the fold id `fold`;
# rows with fold == k are the test set of fold k, all others its training set.
# Only the model fit is timed (system.time), never reading data or predicting.

args <- commandArgs(trailingOnly = TRUE)
opt <- list()
for (arg in args) {
  at <- regexpr("=", arg, fixed = TRUE)
  opt[[substr(arg, 1, at - 1)]] <- substr(arg, at + 1, nchar(arg))
}
get <- function(name, default = NULL) if (is.null(opt[[name]])) default else opt[[name]]
num <- function(name, default = NULL) as.numeric(get(name, default))

method <- get("method")
task <- get("task")
threads <- as.integer(get("threads", "1"))
repeats <- as.integer(get("repeats", "1"))
set.seed(as.integer(get("seed", "1")))

d <- read.csv(get("data"), check.names = FALSE, stringsAsFactors = FALSE)
fold <- d$fold
d$fold <- NULL
for (name in setdiff(names(d), "y")) {
  if (is.character(d[[name]])) d[[name]] <- factor(d[[name]], levels = sort(unique(d[[name]]), method = "radix"))
}
classes <- NULL
if (task == "classification") {
  classes <- strsplit(get("levels"), "|", fixed = TRUE)[[1]]
  d$y <- factor(d$y, levels = classes)
}
folds <- if (is.null(opt$folds)) sort(unique(fold)) else as.integer(strsplit(opt$folds, ",", fixed = TRUE)[[1]])

# The outcome as a number: 0/1 on the second level for classification.
y_numeric <- function(train) if (task == "classification") as.numeric(train$y) - 1 else train$y

fit <- switch(method,
  glm = function(train) {
    if (task == "classification") stats::glm(y ~ ., data = train, family = stats::binomial())
    else stats::glm(y ~ ., data = train, family = stats::gaussian())
  },
  rpart = function(train) {
    control <- rpart::rpart.control(
      cp = num("cp"), minsplit = num("minsplit"), minbucket = num("minbucket"), maxdepth = num("maxdepth"),
      # No surrogates or competitor splits: our CART computes neither, so both sides do the same work.
      xval = 0, maxsurrogate = 0, maxcompete = 0
    )
    rpart::rpart(y ~ ., data = train, method = if (task == "classification") "class" else "anova", control = control)
  },
  ranger = function(train) {
    ranger::ranger(
      dependent.variable.name = "y", data = train,
      num.trees = num("num.trees"), mtry = num("mtry"), min.node.size = num("min.node.size"),
      probability = task == "classification", importance = "impurity",
      # Our forest computes no out-of-bag error; leave it out here too.
      oob.error = FALSE, num.threads = threads, seed = as.integer(get("seed", "1"))
    )
  },
  nnls = function(train) {
    b <- nnls::nnls(as.matrix(train[, setdiff(names(train), "y"), drop = FALSE]), y_numeric(train))$x
    b[is.na(b)] <- 0
    if (get("normalize", "TRUE") == "TRUE" && sum(b) > 0) b <- b / sum(b)
    b
  },
  isoreg = function(train) {
    ir <- stats::isoreg(train[[get("feature")]], y_numeric(train))
    n <- nrow(train)
    if (task == "classification") ir$yf <- pmin(pmax(ir$yf, 1 / (2 * n)), 1 - 1 / (2 * n))
    stats::as.stepfun(ir)
  },
  stop("unknown method ", method)
)

# Test-set predictions: a regression vector, or one probability column per class in `classes` order.
predict_fold <- function(model, test) {
  if (method %in% c("nnls", "isoreg")) {
    p <- if (method == "nnls") as.numeric(as.matrix(test[, setdiff(names(test), "y"), drop = FALSE]) %*% model) else model(test[[get("feature")]])
    if (task == "classification") {
      p <- pmin(pmax(p, 0), 1)
      return(cbind(1 - p, p))
    }
    return(matrix(p, ncol = 1))
  }
  if (method == "glm") {
    p <- stats::predict(model, newdata = test, type = "response")
    if (task == "classification") return(cbind(1 - p, p))
    return(matrix(p, ncol = 1))
  }
  if (method == "rpart") {
    if (task == "classification") return(stats::predict(model, newdata = test, type = "prob")[, classes, drop = FALSE])
    return(matrix(stats::predict(model, newdata = test), ncol = 1))
  }
  p <- stats::predict(model, data = test, num.threads = threads)$predictions
  if (task == "classification") return(p[, classes, drop = FALSE])
  matrix(p, ncol = 1)
}

rows <- list()
times <- list()
for (k in folds) {
  train <- d[fold != k, , drop = FALSE]
  test <- d[fold == k, , drop = FALSE]
  elapsed <- numeric(repeats)
  for (r in seq_len(repeats)) {
    gc()
    elapsed[r] <- system.time(model <- suppressWarnings(fit(train)))[["elapsed"]]
  }
  p <- predict_fold(model, test)
  colnames(p) <- if (task == "classification") paste0("p", seq_along(classes) - 1) else "value"
  rows[[length(rows) + 1]] <- data.frame(row = which(fold == k) - 1, fold = k, p, check.names = FALSE)
  times[[length(times) + 1]] <- data.frame(fold = k, seconds = stats::median(elapsed))
}
write.csv(do.call(rbind, rows), get("out"), row.names = FALSE)
write.csv(do.call(rbind, times), get("times"), row.names = FALSE)
