// Each test class starts its own portal (and some a PostgreSQL server); Hangfire keeps some static state,
// and the machines have two cores: run classes one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
