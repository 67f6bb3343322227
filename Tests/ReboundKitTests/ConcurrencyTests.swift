import Foundation
import Synchronization
import Testing
@testable import ReboundKit

/// Counts how many of its instances are alive, to tell that a map's results are neither copied
/// without being released nor released twice.
private final class Counted: Sendable {
    static let alive = Atomic<Int>(0)
    let value: Int

    init(_ value: Int) {
        self.value = value
        Self.alive.add(1, ordering: .relaxed)
    }

    deinit { Self.alive.subtract(1, ordering: .relaxed) }
}

@Suite(.serialized) struct ConcurrencyTests {
    @Test(arguments: [nil, 1, 3, 64, 10_000] as [Int?])
    func aMapKeepsTheOrderOfItsInput(chunk: Int?) async {
        let input = (0..<2_345).map { "item \($0)" }
        let mapped = await input.concurrentMap(chunk: chunk) { $0 + "!" }
        #expect(mapped == input.map { $0 + "!" })
    }

    @Test func aSliceIsMappedFromItsOwnStart() async {
        let slice = Array(0..<1_000)[700..<950]
        let mapped = await slice.concurrentMap(chunk: 7) { $0 * 2 }
        #expect(mapped == slice.map { $0 * 2 })
    }

    @Test(arguments: [0, 1, 2])
    func aShortInputIsMappedToo(count: Int) async {
        let mapped = await Array(0..<count).concurrentMap { $0 + 1 }
        #expect(mapped == Array(1..<(count + 1)))
    }

    @Test func everyResultLivesOnceAndIsFreedWithTheArray() async {
        let before = Counted.alive.load(ordering: .relaxed)
        var mapped: [Counted]? = await Array(0..<5_000).concurrentMap(chunk: 13) { Counted($0) }
        #expect(Counted.alive.load(ordering: .relaxed) - before == 5_000)
        #expect(mapped?.map(\.value) == Array(0..<5_000))
        mapped = nil
        #expect(Counted.alive.load(ordering: .relaxed) == before)
    }
}
