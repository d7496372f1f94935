import Foundation

/// This process's resource use, from `getrusage`, for benchmarks.
enum ResourceUsage {
    /// `RUSAGE_SELF` and `RUSAGE_CHILDREN`, spelled as the C type the Glibc overlay expects.
    static let selfProcess = __rusage_who_t(0)
    static let children = __rusage_who_t(-1)

    /// User plus system CPU seconds of this process, or of its waited-for children.
    static func cpuSeconds(_ who: __rusage_who_t = selfProcess) -> Double {
        var usage = rusage()
        getrusage(who, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Peak resident set size of this process, in KiB.
    static func peakRSSKiB() -> Int {
        var usage = rusage()
        getrusage(selfProcess, &usage)
        return Int(usage.ru_maxrss)
    }
}
