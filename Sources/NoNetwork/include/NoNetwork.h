// The release binary carries Foundation's networking, which the preview server's library names
// but Rebound never calls. NoNetwork.c stands in for the libcurl functions it names, so that the
// binary is linked without libcurl and starts without loading it and the thirty libraries it
// brings (TLS, Kerberos, LDAP, SSH…), which were half the time of a start. Nothing here is meant
// to be called, and nothing Rebound does reaches the network; each function fails as libcurl
// does when it cannot start.
