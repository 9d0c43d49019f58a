using AmbientVerify.FaultTarget;

// The whole composition lives in FaultTargetApp.Build so that tests start the very same app on real Kestrel.
var app = FaultTargetApp.Build(args);
app.Run();
