// chaos drives Linux itself (network namespaces, iptables, tc, /proc, glibc's closefrom): say so at
// compile time rather than fail at run time on another system.

#if !os(Linux)
#error("chaos runs on Linux only (network namespaces, iptables, tc, /proc); build it on Debian 12")
#endif
