// The release binary carries Foundation's networking, which the preview server's library names
// but Rebound never calls. NoNetwork.c stands in for the libcurl functions it names, so the
// binary is linked without libcurl and starts without loading it and the thirty libraries it
// brings (TLS, Kerberos, LDAP, SSH…): a start takes half the time. Nothing here is meant to be
// called, and nothing Rebound makes reaches the network; each function fails as libcurl does
// when it cannot start.
