# Writes R's built-in time series (package "datasets", Debian r-base-core) as CSV files with a time column on their own calendar:
# 1949-01 for monthly, 1960Q1 for quarterly, 1821 for yearly, 1, 2, 3... otherwise.  Usage: Rscript build_series.R <folder>
out <- commandArgs(TRUE)[1]
write_ts <- function(name, x) {
  f <- frequency(x); t <- time(x)
  yr <- floor(as.numeric(t) + 1e-9)
  cyc <- cycle(x)
  lab <- if (f == 12) sprintf("%d-%02d", yr, cyc) else if (f == 4) sprintf("%dQ%d", yr, cyc) else if (f == 1) sprintf("%d", yr) else sprintf("%d", seq_along(x))
  write.csv(data.frame(time = lab, value = as.numeric(x)), file.path(out, paste0(name, ".csv")), row.names = FALSE)
}
for (n in c("USAccDeaths","ldeaths","UKgas","JohnsonJohnson","sunspot.month","lynx","LakeHuron","austres","BJsales","AirPassengers","nottem","co2","UKDriverDeaths","Nile")) write_ts(n, get(n))
