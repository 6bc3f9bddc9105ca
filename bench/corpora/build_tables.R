# Writes small real tables from R's "datasets" (r-base-core) and "MASS" (r-cran-mass) packages as CSV files whose last
# column is the target: <name>.regression.csv or <name>.classification.csv, factors as integer codes, NA as empty.
# Usage: Rscript build_tables.R <folder>
library(MASS)
out <- commandArgs(TRUE)[1]
write_table <- function(name, task, frame, target) {
  features <- frame[, setdiff(names(frame), target), drop = FALSE]
  for (column in names(features)) if (is.factor(features[[column]])) features[[column]] <- as.integer(features[[column]])
  y <- frame[[target]]
  if (task == "classification") y <- paste0("class_", as.character(y))
  table <- cbind(features, target = y)
  write.csv(table, file.path(out, paste0(name, ".", task, ".csv")), row.names = FALSE, na = "")
}
write_table("stackloss", "regression", stackloss, "stack.loss")
write_table("trees", "regression", trees, "Volume")
write_table("attitude", "regression", attitude, "rating")
write_table("LifeCycleSavings", "regression", LifeCycleSavings, "sr")
write_table("swiss", "regression", swiss, "Fertility")
write_table("mtcars", "regression", mtcars, "mpg")
write_table("cpus", "regression", cpus[, c("syct", "mmin", "mmax", "cach", "chmin", "chmax", "perf")], "perf")
write_table("birthwt", "regression", birthwt[, setdiff(names(birthwt), "low")], "bwt")
write_table("Pima", "classification", rbind(Pima.tr, Pima.te), "type")
write_table("biopsy", "classification", biopsy[, -1], "class")
write_table("crabs", "classification", crabs[, c("sex", "FL", "RW", "CL", "CW", "BD", "sp")], "sp")
write_table("birthwt_low", "classification", birthwt[, setdiff(names(birthwt), "bwt")], "low")
