import Foundation
import Testing
@testable import ReboundKit
import ReboundTestSupport

@Suite struct FileReadTests {
    /// A large file is read in two halves at once; every size around where that starts, and an
    /// odd one past it, comes back byte for byte.
    @Test(arguments: [0, 1, 4_095, FileSystem.splitReadSize - 1, FileSystem.splitReadSize, FileSystem.splitReadSize + 3, 2 * FileSystem.splitReadSize + 1])
    func aFileIsReadWhole(size: Int) throws {
        let folder = try TemporaryFolder()
        let path = folder.url("file").path
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<size).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let read = try FileSystem.read(path, largest: .max)
        #expect(read.count == size)
        #expect(read == bytes)
    }
}
