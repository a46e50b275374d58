package app

// Version is shown in Help › About and in the reports; main.go sets it.
var Version = "dev"
