import CCMark
import Foundation

/// The memory allocator's settings for a process that builds sites.
public enum Heap {
    /// Lets each thread's heap be made whole at once, rather than grown page run by page run
    /// while the other threads wait on the locked memory map: a tenth faster rebuild at 10,000
    /// entries, for about 17 MB more resident at the peak. Call it once, before building.
    public static func growInLargeSteps() {
        rebound_grow_heaps_in_large_steps()
    }

    /// The glibc tunable that has `malloc` ask the kernel for transparent huge pages on the
    /// memory it maps (`madvise` with `MADV_HUGEPAGE`).
    static let hugePagesTunable = "glibc.malloc.hugetlb=1"

    /// Starts the process again from the beginning, once, with `hugePagesTunable` added to
    /// `GLIBC_TUNABLES`, when the kernel gives huge pages only to memory that asks for them (its
    /// mode is `madvise`, the usual default). A build then takes one page fault per 2 MB of new
    /// memory instead of one per 4 KB: at 10,000 entries, a build after one change takes 4,000
    /// faults instead of 41,000 and 15 % less CPU time, the 12 ms the restart costs included.
    /// The tunable is read only as a process starts, hence the restart. Returns, changing
    /// nothing, when there is nothing to gain, when `GLIBC_TUNABLES` already says how to use
    /// huge pages, or when the restart fails. Call it before anything is written, with the
    /// command line still as the process got it. `worthIt` (a look at the workbook) is asked
    /// only once `GLIBC_TUNABLES` is known to leave the choice open, so a process started
    /// again never asks it, and the kernel's mode only when it says yes.
    public static func restartWithHugePages(if worthIt: @autoclosure () -> Bool) {
        #if os(Linux)
        let current = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
        guard tunables(adding: current) != nil, worthIt() else { return }
        let mode = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)
        guard let tunables = tunables(adding: current, transparentHugePages: mode) else { return }
        // The program's own path, which a tool running it (valgrind) may give in place of its own.
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &path, Int(PATH_MAX))
        guard length > 0 else { return }
        setenv("GLIBC_TUNABLES", tunables, 1)
        execv(path, CommandLine.unsafeArgv)
        // Still here: the restart failed, and the process goes on as it was.
        if let current { setenv("GLIBC_TUNABLES", current, 1) } else { unsetenv("GLIBC_TUNABLES") }
        #endif
    }

    /// The value of `GLIBC_TUNABLES` that asks for huge pages, from its `current` value and the
    /// kernel's `mode` (`/sys/kernel/mm/transparent_hugepage/enabled`, the mode in use in
    /// brackets); nil when the tunable would change nothing or is set already, to any value.
    static func tunables(adding current: String?, transparentHugePages mode: String?) -> String? {
        guard let mode, mode.contains("[madvise]") else { return nil }
        return tunables(adding: current)
    }

    /// `current` with the tunable added; nil when it is set already, to any value.
    private static func tunables(adding current: String?) -> String? {
        let current = current ?? ""
        let name = hugePagesTunable.prefix { $0 != "=" }
        guard !current.split(separator: ":").contains(where: { $0.prefix { $0 != "=" } == name }) else { return nil }
        return current.isEmpty ? hugePagesTunable : current + ":" + hugePagesTunable
    }
}
