# Runs uwot::umap or Rtsne::Rtsne as rtemis does (decomp_UMAP / decomp_tSNE, defaults) on a
# headerless numeric CSV, single-threaded, and writes the embedding (headerless CSV) and the
# fit's elapsed seconds (system.time around the call only).
#   Rscript embedding-peer.R method=UMAP|tSNE data=in.csv out=emb.csv times=seconds.txt seed=1
args <- commandArgs(trailingOnly = TRUE)
opt <- setNames(sub("^[^=]*=", "", args), sub("=.*$", "", args))
for (pkg in c("uwot", "Rtsne")) {
  if (!requireNamespace(pkg, quietly = TRUE)) stop("R package ", pkg, " is missing (apt-get install r-cran-", tolower(pkg), ")")
}
X <- as.matrix(read.csv(opt[["data"]], header = FALSE))
set.seed(as.integer(opt[["seed"]]))
elapsed <- system.time({
  Y <- if (opt[["method"]] == "UMAP") {
    uwot::umap(X, n_components = 2, ret_model = TRUE, scale = TRUE, n_threads = 1, n_sgd_threads = 1, verbose = FALSE)$embedding
  } else {
    Rtsne::Rtsne(X, dims = 2, num_threads = 1)$Y
  }
})[["elapsed"]]
write.table(Y, opt[["out"]], sep = ",", row.names = FALSE, col.names = FALSE)
writeLines(format(elapsed, digits = 10), opt[["times"]])
