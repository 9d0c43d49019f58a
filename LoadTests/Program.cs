using AmbientVerify.LoadTests.Cli;

// The load run (exit 0 ok, 1 some requests failed, 2 refused or interrupted), or `target` for the benchmark script.
return await LoadCommandLine.InvokeAsync(args, Console.Error);
