package globus

// Version is the version of this SDK. It is sent to Globus in the
// User-Agent and X-Globus-Client-Info headers of every request.
const Version = "0.1.0"
