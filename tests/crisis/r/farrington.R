# farringtonFlexible on one series of counts, for the cross-check of Accord's port.
# Usage: Rscript farrington.R input.csv output.csv b w noPeriods pastWeeksNotIncluded alpha
#        thresholdMethod freq
# input.csv has a column "count" (NA for missing); output.csv gets, for each time point judged,
# its 1-based index, upperbound, expected, score and alarm.
suppressPackageStartupMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
counts <- read.csv(args[1])$count
freq <- as.integer(args[9])
series <- sts(observed = matrix(counts, ncol = 1), frequency = freq, start = c(1, 1))
control <- list(
  b = as.integer(args[3]), w = as.integer(args[4]), noPeriods = as.integer(args[5]),
  pastWeeksNotIncluded = as.integer(args[6]), alpha = as.numeric(args[7]),
  thresholdMethod = args[8], glmWarnings = FALSE, reweight = TRUE, trend = TRUE
)
result <- suppressWarnings(farringtonFlexible(series, control = control))
first <- freq * control$b + control$w + 1
out <- data.frame(
  index = first:length(counts),
  upperbound = as.vector(upperbound(result)),
  expected = as.vector(result@control$expected),
  score = as.vector(result@control$score),
  alarm = as.vector(alarms(result))
)
write.csv(out, args[2], row.names = FALSE)
