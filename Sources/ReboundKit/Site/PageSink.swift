/// Where rendered pages go: into memory (`MemorySink`), or onto disk through an output session.
public protocol PageSink: Sendable {
    /// What the sink gives back for a batch of pages.
    associatedtype Receipt: Sendable

    /// Takes finished files, and the files at `kept`, which it `holds` already.
    func put(_ files: [OutputFile], keeping kept: [String]) -> Receipt

    /// Whether the file at `path` is there already as made from `source` (see `OutputFile.source`).
    func holds(_ path: String, madeFrom source: UInt64) -> Bool

    /// Takes one large file in pieces: `produce` calls `emit` with each piece as it is made.
    /// `source`, when given, is what the file is made from (see `OutputFile.source`).
    func stream(_ path: String, source: UInt64?, _ produce: (_ emit: @escaping ([UInt8]) -> Void) -> Void) -> Receipt
}

extension PageSink {
    /// Takes finished files.
    public func put(_ files: [OutputFile]) -> Receipt { put(files, keeping: []) }
}

/// Keeps every page in memory, for tests and for callers that want the files themselves.
public struct MemorySink: PageSink {
    public init() {}

    public func put(_ files: [OutputFile], keeping kept: [String]) -> [OutputFile] { files }

    /// Nothing is there before: every file is made.
    public func holds(_ path: String, madeFrom source: UInt64) -> Bool { false }

    public func stream(_ path: String, source: UInt64?, _ produce: (_ emit: @escaping ([UInt8]) -> Void) -> Void) -> [OutputFile] {
        var bytes: [UInt8] = []
        produce { bytes += $0 }
        return [OutputFile(path: path, bytes: bytes, source: source)]
    }
}
