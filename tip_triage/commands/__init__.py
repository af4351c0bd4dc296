"""One module per subcommand: run(options, env) -> ExitCode."""
