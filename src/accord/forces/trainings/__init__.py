"""Joint trainings: the services that change them (:mod:`.services`), the plan on a date and the
yearly figures (:mod:`.queries`), the data file (:mod:`.datafile`) and the yearly report's section
(:mod:`.report`)."""
