"""Global sensitivity analysis: Morris screening and Sobol' indices, with exports for SALib and EMA."""
