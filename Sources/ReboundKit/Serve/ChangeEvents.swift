import Foundation

/// Wake-ups for the preview's watch loop: at once when the kernel reports that something under
/// `content/` or `Templates/` changed (inotify, on Linux), and on a ticker regardless, so a
/// change is never missed where notifications are unavailable or run out. The ticker runs every
/// `interval` without notifications, and six times as seldom when every folder is watched, so an
/// idle preview does not keep walking the workbook.
enum ChangeEvents {
    enum Wake: Sendable, Equatable {
        /// The kernel reported a change to a visible file.
        case notice
        /// The ticker's regular look.
        case tick
    }

    static func stream(root: String, every interval: Duration) -> AsyncStream<Wake> {
        let (stream, continuation) = AsyncStream.makeStream(of: Wake.self, bufferingPolicy: .bufferingNewest(1))
        let notifications = KernelNotifications.start(root: root) { continuation.yield(.notice) }
        let pause = notifications?.everyFolder == true ? interval * 6 : interval
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: pause)
                continuation.yield(.tick)
            }
        }
        continuation.onTermination = { _ in
            ticker.cancel()
            notifications?.cancel()
        }
        return stream
    }
}

#if os(Linux)
/// inotify watches on the workbook folder (for `content` and `Templates` themselves coming and
/// going) and on every folder below `content/` and `Templates/`.
private enum KernelNotifications {
    static let folderEvents = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF)
    static let rootEvents = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)

    /// A running watch; `cancel` ends its thread and closes its descriptors.
    struct Watch: Sendable {
        fileprivate let stop: Int32
        /// Whether every folder got a watch when it started; the kernel limits how many there may be.
        let everyFolder: Bool

        func cancel() {
            var byte: UInt8 = 1
            _ = write(stop, &byte, 1)
        }
    }

    /// Starts watching on a thread of its own, which waits in `poll` and so never holds up the
    /// tasks that build; nil when inotify is unavailable, and the ticker alone then finds changes.
    static func start(root: String, onChange: @escaping @Sendable () -> Void) -> Watch? {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        var stop: [Int32] = [-1, -1]
        guard pipe(&stop) == 0 else {
            close(descriptor)
            return nil
        }
        let (stopRead, stopWrite) = (stop[0], stop[1])
        for end in stop { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let rootWatch = inotify_add_watch(descriptor, root, rootEvents)
        let everyFolder = watchFolders(descriptor, root: root) && rootWatch >= 0
        Thread.detachNewThread {
            var waiting = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: stopRead, events: Int16(POLLIN), revents: 0)]
            while poll(&waiting, 2, -1) >= 0 || errno == EINTR {
                if waiting[1].revents != 0 { break }
                guard waiting[0].revents != 0 else { continue }
                let (relevant, newFolder) = drain(descriptor, rootWatch: rootWatch)
                if newFolder { watchFolders(descriptor, root: root) }
                if relevant { onChange() }
            }
            close(descriptor)
            close(stopRead)
            close(stopWrite)
        }
        return Watch(stop: stopWrite, everyFolder: everyFolder)
    }

    /// Adds a watch to every visible folder below `content/` and `Templates/`; adding one twice
    /// is harmless, so a new folder is picked up by walking again. False when a watch could not
    /// be added.
    @discardableResult
    private static func watchFolders(_ descriptor: Int32, root: String) -> Bool {
        var everyFolder = true
        func walk(_ path: String) {
            guard inotify_add_watch(descriptor, path, folderEvents) >= 0 else {
                everyFolder = false
                return
            }
            for item in (try? FileSystem.list(path)) ?? [] where item.kind == .directory && !item.name.hasPrefix(".") {
                walk(path + "/" + item.name)
            }
        }
        for folder in ["content", "Templates"] where FileSystem.kind(of: root + "/" + folder) == .directory {
            walk(root + "/" + folder)
        }
        return everyFolder
    }

    /// Reads every pending event. Hidden files (editors' swap files) are not changes, and in the
    /// workbook folder itself only `content` and `Templates` are: the output folder lives there.
    private static func drain(_ descriptor: Int32, rootWatch: Int32) -> (relevant: Bool, newFolder: Bool) {
        var relevant = false
        var newFolder = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= count {
                let (watch, mask, length) = buffer.withUnsafeBytes { raw in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset += header + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { relevant = true; newFolder = true; continue }
                if name.hasPrefix(".") { continue }
                if watch == rootWatch && name != "content" && name != "Templates" { continue }
                relevant = true
                if mask & UInt32(IN_ISDIR) != 0 && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { newFolder = true }
            }
        }
        return (relevant, newFolder)
    }
}
#else
private enum KernelNotifications {
    struct Watch: Sendable {
        let everyFolder = false
        func cancel() {}
    }

    static func start(root: String, onChange: @escaping @Sendable () -> Void) -> Watch? { nil }
}
#endif
