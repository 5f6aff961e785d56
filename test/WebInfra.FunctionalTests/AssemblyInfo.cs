// Functional tests start whole sites of real processes on a 2-core machine; one at a time keeps them deterministic.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
