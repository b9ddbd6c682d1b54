# Fits R glmnet's default path on all rows of a CSV written by peer-process.ts (features
# x1..xp, strings = factors with sorted levels, outcome y; the `fold` column is ignored) and
# writes it in long form: point (1-based), lambda, output (1-based class for multinomial,
# else 1), variable (0 = intercept, j = design column j), value.
#
#   Rscript glmnet-path.R data=<csv> out=<csv> task=regression|classification [levels=a|b|c] [alpha=1]
#
# The design is model.matrix's (treatment contrasts), as in rtemis's train_GLMNET.

args <- commandArgs(trailingOnly = TRUE)
opt <- list()
for (arg in args) {
  at <- regexpr("=", arg, fixed = TRUE)
  opt[[substr(arg, 1, at - 1)]] <- substr(arg, at + 1, nchar(arg))
}
d <- read.csv(opt$data, check.names = FALSE, stringsAsFactors = FALSE)
d$fold <- NULL
for (name in setdiff(names(d), "y")) {
  if (is.character(d[[name]])) d[[name]] <- factor(d[[name]], levels = sort(unique(d[[name]]), method = "radix"))
}
family <- "gaussian"
if (opt$task == "classification") {
  classes <- strsplit(opt$levels, "|", fixed = TRUE)[[1]]
  d$y <- factor(d$y, levels = classes)
  family <- if (length(classes) == 2) "binomial" else "multinomial"
}
x <- model.matrix(~., d[, setdiff(names(d), "y"), drop = FALSE])[, -1, drop = FALSE]
alpha <- if (is.null(opt$alpha)) 1 else as.numeric(opt$alpha)
fit <- glmnet::glmnet(x, d$y, family = family, alpha = alpha)
rows <- list()
coefficients <- if (family == "multinomial") fit$beta else list(fit$beta)
intercepts <- if (family == "multinomial") fit$a0 else matrix(fit$a0, nrow = 1)
for (output in seq_along(coefficients)) {
  beta <- as.matrix(coefficients[[output]])
  for (point in seq_along(fit$lambda)) {
    rows[[length(rows) + 1]] <- data.frame(
      point = point, lambda = fit$lambda[point], output = output,
      variable = 0:nrow(beta), value = c(intercepts[output, point], beta[, point])
    )
  }
}
write.csv(do.call(rbind, rows), opt$out, row.names = FALSE)
