# Writes R glmnet's own answers on the shared datasets, which test/engine/linear/glmnet.test.ts
# compares the engine's GLMNET solver against (coefficients along the path, cv.glmnet on
# fixed fold ids). Regenerate with
#
#   Rscript test/bench/engine/glmnet-reference.R > test/fixtures/glmnet/reference.json
#
# from the repository root (R with glmnet; the script needs nothing else). The data are read
# as the engine reads them: outcome = last column, string columns as factors with sorted
# levels, rows with a missing value dropped, factors expanded by model.matrix (treatment
# contrasts), as rtemis's train_GLMNET does.

suppressPackageStartupMessages(library(glmnet))
stopifnot(packageVersion("glmnet") >= "4.1")

read_dataset <- function(name) {
  d <- read.csv(file.path("test/fixtures/datasets", paste0(name, ".csv")), check.names = FALSE, stringsAsFactors = FALSE, na.strings = c("", "NA"))
  d <- d[stats::complete.cases(d), , drop = FALSE]
  for (column in names(d)) {
    if (is.character(d[[column]])) d[[column]] <- factor(d[[column]], levels = sort(unique(d[[column]]), method = "radix"))
  }
  d
}

design <- function(d) {
  features <- d[, -ncol(d), drop = FALSE]
  as.matrix(model.matrix(~., features)[, -1, drop = FALSE])
}

# Deterministic case weights and fold ids, spelled the same way in the test.
case_weights <- function(n) 1 + (seq_len(n) - 1) %% 3
fold_ids <- function(n) ((seq_len(n) - 1) * 7) %% 10 + 1

json_number <- function(x) ifelse(is.finite(x), sprintf("%.17g", x), "null")
json_vector <- function(x) paste0("[", paste(json_number(as.numeric(x)), collapse = ","), "]")
json_matrix <- function(m) paste0("[", paste(apply(as.matrix(m), 2, json_vector), collapse = ","), "]")
json_string <- function(x) paste0('"', x, '"')
json_object <- function(fields) {
  paste0("{", paste(paste0(json_string(names(fields)), ":", unlist(fields)), collapse = ","), "}")
}

# One path fit: lambda, intercepts and coefficients (columns = lambdas; one set per class for
# multinomial), as glmnet returns them.
path_case <- function(name, dataset, options) {
  d <- read_dataset(dataset)
  if (!is.null(options$rows)) d <- droplevels(d[options$rows(d), , drop = FALSE])
  x <- design(d)
  y <- d[[ncol(d)]]
  family <- if (is.factor(y)) (if (nlevels(y) == 2) "binomial" else "multinomial") else "gaussian"
  weights <- if (isTRUE(options$weights)) case_weights(nrow(x)) else rep(1, nrow(x))
  penalty <- if (is.null(options$penalty_factor)) rep(1, ncol(x)) else options$penalty_factor(ncol(x))
  args <- list(x = x, y = y, family = family, weights = weights, alpha = options$alpha,
               standardize = options$standardize, intercept = options$intercept, penalty.factor = penalty)
  if (!is.null(options$nlambda)) args$nlambda <- options$nlambda
  if (!is.null(options$lambda)) args$lambda <- options$lambda
  fit <- do.call(glmnet, args)
  coefficients <- if (family == "multinomial") {
    paste0("[", paste(vapply(fit$beta, function(b) json_matrix(as.matrix(b)), ""), collapse = ","), "]")
  } else {
    paste0("[", json_matrix(as.matrix(fit$beta)), "]")
  }
  intercepts <- if (family == "multinomial") json_matrix(t(fit$a0)) else paste0("[", json_vector(fit$a0), "]")
  json_object(list(
    name = json_string(name), dataset = json_string(dataset), family = json_string(family),
    options = json_object(list(
      alpha = json_number(options$alpha), standardize = tolower(options$standardize), intercept = tolower(options$intercept),
      weights = tolower(isTRUE(options$weights)), penalty_factor = json_vector(penalty),
      nlambda = if (is.null(options$nlambda)) "null" else json_number(options$nlambda),
      lambda = if (is.null(options$lambda)) "null" else json_vector(options$lambda),
      two_class_iris = tolower(!is.null(options$rows))
    )),
    n = json_number(nrow(x)), variables = paste0("[", paste(json_string(colnames(x)), collapse = ","), "]"),
    lambda = json_vector(fit$lambda), dev_ratio = json_vector(fit$dev.ratio), nulldev = json_number(fit$nulldev),
    # intercepts[l][c], coefficients[c][l][j]
    a0 = intercepts, beta = coefficients
  ))
}

# cv.glmnet with fold ids given, so the cross-validation itself is compared, not the fold draw.
cv_case <- function(name, dataset, options) {
  d <- read_dataset(dataset)
  x <- design(d)
  y <- d[[ncol(d)]]
  family <- if (is.factor(y)) (if (nlevels(y) == 2) "binomial" else "multinomial") else "gaussian"
  weights <- if (isTRUE(options$weights)) case_weights(nrow(x)) else rep(1, nrow(x))
  fit <- cv.glmnet(x, y, family = family, weights = weights, alpha = options$alpha, foldid = fold_ids(nrow(x)))
  json_object(list(
    name = json_string(name), dataset = json_string(dataset), family = json_string(family),
    options = json_object(list(alpha = json_number(options$alpha), weights = tolower(isTRUE(options$weights)))),
    lambda = json_vector(fit$lambda), cvm = json_vector(fit$cvm), cvsd = json_vector(fit$cvsd),
    lambda_min = json_number(fit$lambda.min), lambda_1se = json_number(fit$lambda.1se)
  ))
}

defaults <- list(alpha = 1, standardize = TRUE, intercept = TRUE)
with_defaults <- function(...) modifyList(defaults, list(...))
alternating <- function(p) c(0, rep(c(1, 2, 0.5), length.out = p - 1))
two_class_iris <- function(d) d$Species != "setosa"

paths <- c(
  path_case("gaussian lasso, mtcars", "mtcars", with_defaults()),
  path_case("gaussian elastic net, weights, penalty factors, boston", "boston", with_defaults(alpha = 0.5, weights = TRUE, penalty_factor = alternating, nlambda = 30)),
  path_case("gaussian ridge, unstandardised, diabetes", "diabetes", with_defaults(alpha = 0, standardize = FALSE, nlambda = 20)),
  path_case("gaussian without intercept, boston", "boston", with_defaults(alpha = 0.8, intercept = FALSE, nlambda = 20)),
  path_case("gaussian single lambda, boston", "boston", with_defaults(lambda = 0.5)),
  path_case("binomial lasso, breast_cancer", "breast_cancer", with_defaults()),
  path_case("binomial elastic net, weights, penalty factors, breast_cancer", "breast_cancer", with_defaults(alpha = 0.3, weights = TRUE, penalty_factor = alternating, nlambda = 30)),
  path_case("binomial unstandardised without intercept, iris two classes", "iris", with_defaults(alpha = 0.5, standardize = FALSE, intercept = FALSE, rows = two_class_iris)),
  path_case("binomial single lambda, breast_cancer", "breast_cancer", with_defaults(lambda = 0.01)),
  path_case("multinomial lasso, iris", "iris", with_defaults()),
  path_case("multinomial elastic net, weights, wine", "wine", with_defaults(alpha = 0.5, weights = TRUE)),
  path_case("multinomial ridge, factor features, penguins", "penguins", with_defaults(alpha = 0, nlambda = 30)),
  path_case("multinomial without intercept, iris", "iris", with_defaults(alpha = 0.7, intercept = FALSE, nlambda = 20)),
  path_case("multinomial single lambda, wine", "wine", with_defaults(lambda = 0.05))
)
cvs <- c(
  cv_case("cv gaussian, boston", "boston", with_defaults()),
  cv_case("cv binomial, weights, breast_cancer", "breast_cancer", with_defaults(alpha = 0.5, weights = TRUE)),
  cv_case("cv multinomial, iris", "iris", with_defaults())
)
cat(json_object(list(
  glmnet = json_string(as.character(packageVersion("glmnet"))),
  paths = paste0("[", paste(paths, collapse = ",\n"), "]"),
  cv = paste0("[", paste(cvs, collapse = ",\n"), "]")
)), "\n")
