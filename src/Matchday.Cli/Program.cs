using Matchday.Cli;

return MatchdayApp.Run(args);
