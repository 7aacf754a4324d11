# farringtonFlexible on series of counts, for the cross-check of Accord's port of it.
# Usage: Rscript farrington.R input.csv output.csv b w noPeriods pastWeeksNotIncluded alpha
#        thresholdMethod freq
# input.csv has one column of counts per series (NA for missing); output.csv gets, for each series
# and time point judged, the series' name, the 1-based index, upperbound, expected, score, alarm and
# phi. The time axis is the position (no dates), as in Accord's port.
suppressPackageStartupMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
counts <- read.csv(args[1], check.names = FALSE)
freq <- as.integer(args[9])
control <- list(
  b = as.integer(args[3]), w = as.integer(args[4]), noPeriods = as.integer(args[5]),
  pastWeeksNotIncluded = as.integer(args[6]), alpha = as.numeric(args[7]),
  thresholdMethod = args[8], glmWarnings = FALSE, reweight = TRUE, trend = TRUE
)
first <- freq * control$b + control$w + 1
rows <- lapply(names(counts), function(name) {
  series <- sts(observed = matrix(counts[[name]], ncol = 1), frequency = freq, start = c(1, 1))
  result <- suppressWarnings(farringtonFlexible(series, control = control))
  data.frame(
    series = name,
    index = first:nrow(counts),
    upperbound = as.vector(upperbound(result)),
    expected = as.vector(result@control$expected),
    score = as.vector(result@control$score),
    alarm = as.vector(alarms(result)),
    phi = as.vector(result@control$phiVector)
  )
})
write.csv(do.call(rbind, rows), args[2], row.names = FALSE)
