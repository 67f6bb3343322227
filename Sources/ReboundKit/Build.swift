import Foundation

/// What one build is asked to do.
public struct BuildOptions: Sendable {
    /// The workbook folder, holding `content/`.
    public var workbook: URL
    /// The output folder; nil for `output:` of workbook.yaml, else `public/` in the workbook.
    public var output: URL?
    public var includeDrafts = false
    /// The day treated as today; tests set it so output is stable.
    public var today: CalendarDay = .today()
    public var printFrom: CalendarDay?
    public var printTo: CalendarDay?
    /// Whether the workbook, insights and pages are freed when the build ends. A command that
    /// exits right after the build turns this off: freeing a large workbook object by object
    /// only delays the exit (a tenth of a second at 10,000 entries).
    public var freesMemory = true
    /// Whether large files the build replaces keep their earlier bytes until the caller calls
    /// `OutputWriter.removeReplaced` with the report's files (see `OutputWriter.keepsReplaced`).
    public var keepsReplacedFiles = false
    /// Whether a build given no cache takes decoded entries from the workbook's cache file, and
    /// brings that file up to date (see `DecodeCache.read(workbook:)`).
    public var usesCacheFile = false

    public init(workbook: URL, output: URL? = nil) {
        self.workbook = workbook
        self.output = output
    }
}

/// How a build went.
public struct BuildReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Nil when errors stopped the build before anything was written.
    public var output: URL?
    public var pagesWritten = 0
    public var entriesRead = 0
    public var draftsSkipped = 0
    /// What the writer changed in the output folder.
    public var files = OutputWriter.Summary()
    public var milliseconds = 0
    /// Entry files taken from the cache of an earlier build rather than read again.
    public var entriesReused = 0
    /// How many of the two lesson indexes (lessons, next steps) were read back from the ones the
    /// build before kept (`LessonStore`), patched or not, rather than made again.
    public var lessonIndexesRead = 0
    /// The decoded entry files, for the next build to reuse.
    public var cache = DecodeCache()
    /// The rendered entry pages, for the next build to reuse; nil unless the build was given a cache.
    public var pages: RenderCache?
    /// Milliseconds spent in each stage, in order.
    public var stages: [(name: String, milliseconds: Double)] = []

    public var succeeded: Bool { output != nil }
}

/// The build, stage by stage: load → insights → render → write.
public enum Builder {
    /// A loaded and validated workbook: the workbook and theme when there was no error.
    public struct Checked: Sendable {
        public var workbook: Workbook?
        public var theme: Theme?
        public var draftsSkipped: Int
        public var diagnostics: [Diagnostic]
        /// Entry files taken from the cache rather than read again.
        public var entriesReused: Int
        /// The decoded entry files, for the next load to reuse.
        public var cache: DecodeCache
        /// Where the entries read again are (see `WorkbookLoader.Result.entriesReadAgain`).
        var entriesReadAgain: [Int]
    }

    /// Loads and validates the workbook and its theme without writing anything.
    public static func check(_ options: BuildOptions, reusing cache: DecodeCache = DecodeCache()) async throws(SetupError) -> Checked {
        try await check(options, reusingOnceRead: { cache })
    }

    /// The same, with the cache still being read (see `WorkbookLoader.load(reusingOnceRead:)`).
    static func check(_ options: BuildOptions, reusingOnceRead cache: () async -> DecodeCache) async throws(SetupError) -> Checked {
        let loader = WorkbookLoader(root: options.workbook, includeDrafts: options.includeDrafts, today: options.today)
        // The theme's templates are read and parsed on a thread of their own while the workbook loads.
        let themeLoaded = Pending { [workbook = options.workbook] in
            var found: [Diagnostic] = []
            return (theme: Theme.load(workbookRoot: workbook, diagnostics: &found), diagnostics: found)
        }
        let loaded = try await loader.load(reusingOnceRead: cache)
        let (theme, themeDiagnostics) = themeLoaded.value
        let diagnostics = loaded.diagnostics + themeDiagnostics
        let clean = !diagnostics.hasErrors
        return Checked(workbook: clean ? loaded.workbook : nil, theme: clean ? theme : nil, draftsSkipped: loaded.draftsSkipped,
                       diagnostics: diagnostics.sortedForReading(), entriesReused: loaded.entriesReused, cache: loaded.cache,
                       entriesReadAgain: loaded.entriesReadAgain)
    }

    /// Whether a build with `options` will fill hundreds of megabytes, which is worth starting
    /// the process again for (`Heap.restartWithHugePages`): its workbook's cache file holds at
    /// least 16 MB of entries, some 5,000 at the size of the benchmark's, or, with no cache file
    /// yet, `content/entries` holds at least 5,000 files. A first build of 10,000 entries then
    /// takes 7 % less time; one of 3,650 gains about the 12 ms the restart costs, and a smaller
    /// build less.
    public static func fillsMuchMemory(_ options: BuildOptions) -> Bool {
        options.usesCacheFile && fillsMuchMemory(workbook: options.workbook)
    }

    /// The same for a build of `workbook` that reads its cache file, told before any options
    /// are made: making them asks the system for today's date in its time zone.
    public static func fillsMuchMemory(workbook: URL) -> Bool {
        if let size = FileSystem.size(of: workbook.path + "/" + DecodeCache.fileName) { return size >= 16 << 20 }
        return FileSystem.holdsFiles(workbook.path + "/content/entries", atLeast: 5_000)
    }

    /// The output folder the options lead to.
    public static func outputFolder(_ options: BuildOptions, config: WorkbookConfig?) -> URL {
        if let output = options.output { return output }
        return options.workbook.appending(path: config?.output ?? "public")
    }

    /// Renders every page in memory.
    public static func render(_ workbook: Workbook, insights: Insights? = nil, theme: Theme, options: BuildOptions) async -> [OutputFile] {
        let insights = insights ?? Insights.compute(workbook, today: options.today)
        let site = SiteOptions(today: options.today, printFrom: options.printFrom, printTo: options.printTo)
        return await SiteRenderer(workbook: workbook, insights: insights, theme: theme, options: site).render()
    }

    /// Builds the site; a workbook with errors leaves the previous site as it was. Entry files
    /// unchanged since the build that made `cache` are not read again. Given `pages`, entry pages
    /// whose inputs are unchanged since the build that made it are not rendered again, and the
    /// report carries this build's pages for the next (`serve` keeps both caches).
    public static func build(_ options: BuildOptions, reusing cache: DecodeCache = DecodeCache(), pages: RenderCache? = nil) async throws(SetupError) -> BuildReport {
        try await build(options, reusing: cache, pages: pages, readsCacheFile: true)
    }

    private static func build(_ options: BuildOptions, reusing cache: DecodeCache, pages: RenderCache?, readsCacheFile: Bool) async throws(SetupError) -> BuildReport {
        let clock = ContinuousClock()
        let start = clock.now
        var lap = start
        var stages: [(String, Double)] = []
        func stage(_ name: String) {
            let now = clock.now
            stages.append((name, Double((now - lap) / .microseconds(1)) / 1000))
            lap = now
        }
        // An output folder given outright is refused before the workbook is read; `begin` checks
        // the one the build settles on.
        if let output = options.output { try OutputWriter(output: output, workbookRoot: options.workbook).validate() }
        // The cache file is read while the entry files are listed and looked at.
        let reading = options.usesCacheFile && readsCacheFile && cache.settings == nil ? Task { await DecodeCache.read(workbook: options.workbook) } : nil
        // So are the lesson indexes a one-off build kept; `serve` keeps its own between builds.
        let keepsLessons = options.usesCacheFile && pages == nil
        let lessonsRead = keepsLessons ? Task { LessonStore.read(workbook: options.workbook) } : nil
        // The list of files of an output folder that is there already is read while the workbook
        // loads: the folder the options name, or else the one the settings of the load before
        // named (see `begun`). A new site's folder is made only once the workbook has no errors.
        func writer(_ output: URL) -> OutputWriter {
            var writer = OutputWriter(output: output, workbookRoot: options.workbook)
            writer.keepsReplaced = options.keepsReplacedFiles
            return writer
        }
        /// The session of `writer`, begun on a thread of its own.
        func beginning(_ writer: OutputWriter) -> Pending<Result<OutputWriter.Session, SetupError>> {
            Pending { Result { () throws(SetupError) in try writer.begin() } }
        }
        let guessed = writer(outputFolder(options, config: cache.settings?.config))
        let early = FileSystem.kind(of: guessed.output.path) == .directory ? beginning(guessed) : nil
        let checked: Checked
        do throws(SetupError) { checked = try await check(options, reusingOnceRead: { await reading?.value ?? cache }) } catch {
            early.map { OutputWriter.abandon($0.value) }
            throw error
        }
        let stored = await reading?.value
        // The cache file is brought up to date while the site is made, unless nothing in it changed.
        async let cacheWritten = stored.map { stored in
            let fresh = checked.cache
            let same = checked.entriesReused == fresh.paths.count && stored.paths == fresh.paths && stored.settings == fresh.settings
            return same || fresh.write(workbook: options.workbook)
        }
        stage("load")
        var report = BuildReport(diagnostics: checked.diagnostics, draftsSkipped: checked.draftsSkipped)
        report.cache = checked.cache
        report.entriesReused = checked.entriesReused
        guard let workbook = checked.workbook, let theme = checked.theme else {
            early.map { OutputWriter.abandon($0.value) }
            return report
        }
        let output = outputFolder(options, config: workbook.config)
        let writer = writer(output)
        let site = SiteOptions(today: options.today, printFrom: options.printFrom, printTo: options.printTo)
        let piecesPrefix = options.usesCacheFile ? RenderCache.Shared(workbook, theme: theme, options: site).sourcePrefix : nil
        // The next steps are indexed on a thread of their own while the pages that do not show
        // them are rendered.
        let entries = keepsLessons ? Insights.sorted(workbook) : []
        let entriesDigest = keepsLessons ? checked.cache.settings.map { LessonStore.digest(of: entries, settings: $0) } : nil
        let storedLessons = await lessonsRead?.value ?? nil
        let lessonsMatched = entriesDigest.flatMap { storedLessons?.matched(to: entries, digest: $0, cache: stored, readAgain: checked.entriesReadAgain) }
        // The output folder's manifest, and the record of the pieces of its largest pages, are
        // read while the insights are computed, on threads of their own: the tasks that compute
        // the insights then never wait behind them.
        let begun: Pending<Result<OutputWriter.Session, SetupError>>
        if let early, output == guessed.output {
            begun = early
        } else {
            early.map { OutputWriter.abandon($0.value) }
            begun = beginning(writer)
        }
        let earlierPieces = Pending { piecesPrefix.flatMap { EarlierPieces.read(folder: output.path, prefix: $0) } }
        var (insights, nextSteps) = await Insights.computeLeavingNextSteps(workbook, today: options.today, reusing: pages?.insights,
                                                                          forRebuilds: pages != nil, stored: lessonsMatched)
        stage("insights")
        let session = try begun.value.get()
        var renderer = SiteRenderer(workbook: workbook, insights: insights, theme: theme, options: site, reusing: pages)
        renderer.pendingNextSteps = nextSteps
        // A one-off build notes where the pieces of the largest pages are, and takes those it
        // would make the same from the site as the build before left it.
        if piecesPrefix != nil {
            renderer.recordsPieces = pages == nil
            if let earlier = earlierPieces.value {
                for route in earlier.routes { renderer.earlierPages[route] = earlier.page(route, in: output.path, manifest: session.previous) }
                renderer.earlierOutlines = earlier.outlines
            }
        }
        let assets = workbook.assets
        async let copied = session.put(assets: assets)
        let (batches, rendered) = await renderer.render(into: session)
        report.pages = pages == nil ? nil : rendered
        insights.nextSteps = nextSteps.value
        report.lessonIndexesRead = [insights.lessons, insights.nextSteps].count(where: \.wasRead)
        report.pages?.insights = Insights.Earlier(workbook, insights)
        stage("render and write")
        if let bodies = checked.cache.bodies, bodies.damaged > 0 {
            // A body the cache's file of bodies no longer held as written was shown empty: the
            // site is left as it was and made again without the cache, which the next build
            // then writes anew.
            let stopped = OutputWriter.Session.Batch(problem: "a body in \(BodyStore.fileName) changed while the build read it")
            _ = try? session.finish(batches + [await copied, stopped])
            _ = await cacheWritten
            for name in [DecodeCache.fileName, DecodeCache.changesFileName, BodyStore.fileName] {
                unlink(options.workbook.path + "/" + name)
            }
            return try await build(options, reusing: DecodeCache(), pages: pages, readsCacheFile: false)
        }
        // The record of where the pieces are, and the most of its file, are made while the files
        // are moved into place (first, as the file waits for them); what `lstat` says of each
        // page is added once they are. A build that put none of its pages in place, and found
        // each piece where the record read says it is, leaves that record as it is.
        let recordsPieces = renderer.recordsPieces
        let earlier = earlierPieces.value
        let staged = session.staging != nil
        // With the record, the pages this build put in place; nil when every page was (a new site).
        async let record = piecesPrefix.flatMap { prefix -> (EarlierPieces, EarlierPieces.Parts, Set<String>?)? in
            guard recordsPieces, let rendered else { return nil }
            let placed = staged ? nil : Set(batches.lazy.flatMap(\.written).filter { $0.temporary != nil }.map(\.path))
            let record = EarlierPieces(prefix: prefix, outlines: rendered.outlines, placed: rendered.placed, batches: batches)
            if let placed, let earlier, !record.routes.contains(where: placed.contains), record.holdsTheSame(as: earlier) { return nil }
            return (record, record.parts, placed)
        }
        let madeInsights = insights
        async let lessonsKept = entriesDigest.map {
            LessonStore.keep(madeInsights, of: entries, digest: $0, in: options.workbook, replacing: storedLessons)
        }
        report.files = try session.finish(batches + [await copied])
        if case (var pieces, let parts, let placed)? = await record {
            // A page this build put in place (every page of a new site) is stamped as it now is.
            // One it left as it was keeps what the record said of it: a page changed by hand
            // since then, which `holds` took for the same by its size, is still told by its
            // times, and its pieces are checked again.
            for route in pieces.routes {
                let putInPlace = placed?.contains(route) ?? true
                pieces.stamp(route, putInPlace ? DecodeCache.Stamp(path: output.path + "/" + route) : earlier?.pages[route]?.written)
            }
            pieces.write(folder: output.path, parts: parts)
        }
        _ = await cacheWritten
        _ = await lessonsKept
        stage("finish")
        report.stages = stages
        report.output = output
        report.pagesWritten = batches.reduce(0) { $0 + $1.written.count { $0.path.hasSuffix(".html") } }
        report.entriesRead = workbook.entries.count
        report.milliseconds = Int((clock.now - start) / .milliseconds(1))
        if !options.freesMemory { Unfreed.keep((checked, insights, renderer)) }
        return report
    }
}

/// Values kept until the process exits, never freed.
public enum Unfreed {
    private final class Box {
        let value: Any
        init(_ value: Any) { self.value = value }
    }

    public static func keep(_ value: Any) {
        _ = Unmanaged.passRetained(Box(value))
    }
}
