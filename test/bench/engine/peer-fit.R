# Fits one R peer (glm, rpart, ranger, nnls, isoreg, e1071 svm or cv.glmnet) on every requested
# fold of a CSV written by peer-process.ts and writes the test-fold predictions and the fit times.
#
#   Rscript peer-fit.R data=<csv> out=<csv> times=<csv> method=glm|rpart|ranger|nnls|isoreg|svm|cv.glmnet
#     task=regression|classification [levels=a|b|c] [folds=1,2] [repeats=1] [threads=1]
#     [seed=1] plus the method's hyperparameters (cp, minsplit, minbucket, maxdepth,
#     num.trees, mtry, min.node.size; nnls: normalize=TRUE|FALSE; isoreg: feature=<xj>;
#     svm: kernel, cost, gamma; cv.glmnet: alpha).
# nnls and isoreg fit as rtemis's train_NNLS / train_Isotonic do: binary outcomes as the 0/1
# indicator of the second level, probabilities clamped (nnls) or kept within 1/(2n) (isoreg).
# cv.glmnet is fitted as rtemis's train_GLMNET does with lambda NULL (model.matrix design,
# family from the outcome, glmnet's defaults) and predicts at lambda.1se; its design matrix
# is built inside the timed fit, as ours is.
#
# The CSV has features x1..xp (strings = factors), the outcome y and the fold id `fold`;
# rows with fold == k are the test set of fold k, all others its training set.
# Only the model fit is timed (system.time: elapsed and CPU seconds), never reading data or predicting.

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
  cv.glmnet = function(train) {
    x <- model.matrix(~., train[, setdiff(names(train), "y"), drop = FALSE])[, -1, drop = FALSE]
    family <- if (task == "regression") "gaussian" else if (length(classes) == 2) "binomial" else "multinomial"
    glmnet::cv.glmnet(x, train$y, family = family, alpha = num("alpha", "1"))
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
  svm = function(train) {
    # As rtemis calls it: factors one-hot encoded (every level), scale = TRUE, probabilities.
    e1071::svm(
      x = svm_design(train), y = train$y, kernel = get("kernel"), cost = num("cost"),
      # fitted = FALSE: the training-set predictions e1071 adds by default are not part of the fit.
      gamma = num("gamma", "1"), probability = TRUE, fitted = FALSE
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

# rtemis's one-hot encoding for e1071: one 0/1 column `<feature>_<level>` per factor level.
svm_design <- function(frame) {
  x <- frame[, setdiff(names(frame), "y"), drop = FALSE]
  cols <- list()
  for (name in names(x)) {
    if (is.factor(x[[name]])) {
      for (level in levels(x[[name]])) cols[[paste0(name, "_", level)]] <- as.numeric(x[[name]] == level)
    } else {
      cols[[name]] <- x[[name]]
    }
  }
  as.data.frame(cols, check.names = FALSE)
}

# Test-set predictions: a regression vector, or one probability column per class in `classes` order.
predict_fold <- function(model, test) {
  if (method == "svm") {
    p <- stats::predict(model, newdata = svm_design(test), probability = task == "classification")
    # e1071 orders probability columns by first appearance in training; reorder to the levels.
    if (task == "classification") return(attr(p, "probabilities")[, classes, drop = FALSE])
    return(matrix(as.numeric(p), ncol = 1))
  }
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
  if (method == "cv.glmnet") {
    x <- model.matrix(~., test[, setdiff(names(test), "y"), drop = FALSE])[, -1, drop = FALSE]
    p <- stats::predict(model, newx = x, s = "lambda.1se", type = "response")
    if (task == "classification" && length(classes) == 2) return(cbind(1 - p[, 1], p[, 1]))
    if (task == "classification") return(matrix(p[, , 1], ncol = length(classes)))
    return(matrix(p[, 1], ncol = 1))
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
  cpu <- numeric(repeats)
  for (r in seq_len(repeats)) {
    gc()
    timing <- system.time(model <- suppressWarnings(fit(train)))
    elapsed[r] <- timing[["elapsed"]]
    cpu[r] <- timing[["user.self"]] + timing[["sys.self"]]
  }
  p <- predict_fold(model, test)
  colnames(p) <- if (task == "classification") paste0("p", seq_along(classes) - 1) else "value"
  rows[[length(rows) + 1]] <- data.frame(row = which(fold == k) - 1, fold = k, p, check.names = FALSE)
  times[[length(times) + 1]] <- data.frame(fold = k, seconds = stats::median(elapsed), cpu_seconds = stats::median(cpu))
}
write.csv(do.call(rbind, rows), get("out"), row.names = FALSE)
write.csv(do.call(rbind, times), get("times"), row.names = FALSE)
