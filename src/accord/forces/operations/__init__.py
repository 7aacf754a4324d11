"""Joint operations: the data file, the names check, the services, aggregates and the series feed."""
