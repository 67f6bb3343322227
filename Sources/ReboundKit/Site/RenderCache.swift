/// Entry pages an earlier build rendered, each with everything it was made from, so that
/// `serve` renders again only the pages whose inputs changed: after a save, the entry itself,
/// its neighbours, and the pages whose mood chart or lesson links moved. The sheets of the
/// printed workbook and the lessons of learned.html are kept the same way, as list items.
public struct RenderCache: Sendable {
    /// What every page depends on: the workbook's settings, the build's options and the theme.
    struct Shared: Equatable, Sendable {
        var config: WorkbookConfig
        var options: SiteOptions
        var theme: Int
    }

    /// Everything an entry page shows besides the shared parts.
    struct EntryInputs: Equatable, Sendable {
        var entry: Entry
        var previous: EntryRef?
        var next: EntryRef?
        var moodWindow: MoodSeries?
        var moodComparison: String?
        var lessonIDs: [String?]
        var emotionSlugs: [String?]
    }

    struct EntryPage: Sendable {
        var inputs: EntryInputs
        var file: OutputFile
        var reused = false
    }

    var shared: Shared?
    var entryPages: [String: EntryPage] = [:]
    /// The rendered items of the lazy lists of the largest pages (print sheets, lessons), by route.
    var listItems: [String: [Int: [UInt8]]] = [:]
    /// How many of these pages were taken from the earlier cache rather than rendered.
    public internal(set) var reused = 0

    public init() {}

    /// The remembered list items of the page at `route`, for a build with these shared inputs.
    func memo(for route: String, shared: Shared) -> RenderMemo {
        RenderMemo(earlier: shared == self.shared ? listItems[route] ?? [:] : [:])
    }

    /// The page made earlier from exactly these inputs, if any.
    func entryPage(_ inputs: EntryInputs, shared: Shared) -> OutputFile? {
        guard shared == self.shared, let earlier = entryPages[inputs.entry.slug], earlier.inputs == inputs else { return nil }
        return earlier.file
    }
}
