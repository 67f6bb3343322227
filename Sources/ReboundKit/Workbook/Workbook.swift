/// Everything read from a workbook folder: the model every later stage works from.
public struct Workbook: Sendable {
    public var config: WorkbookConfig
    /// Entries sorted oldest first (by date, then slug).
    public var entries: [Entry]
    public var affirmationLists: [AffirmationList]
    /// Guide chapters sorted by `order`, then title.
    public var pages: [GuidePage]
    /// Files under `content/assets`, as paths relative to that folder.
    public var assets: [String]

    public init(config: WorkbookConfig, entries: [Entry], affirmationLists: [AffirmationList], pages: [GuidePage], assets: [String]) {
        self.config = config
        self.entries = entries
        self.affirmationLists = affirmationLists
        self.pages = pages
        self.assets = assets
    }
}

/// A list of affirmations from one file of `content/affirmations/`.
public struct AffirmationList: Sendable {
    public var path: String
    public var slug: String
    public var title: String
    public var intro: String?
    public var affirmations: [String]
    public var body: RenderedMarkdown
}

/// A guide or exercise chapter from `content/pages/`.
public struct GuidePage: Sendable {
    public var path: String
    public var slug: String
    public var title: String
    public var order: Int?
    public var summary: String?
    public var body: RenderedMarkdown
}

/// `content/workbook.yaml`.
public struct WorkbookConfig: Sendable, Equatable {
    public var title = "My Rebound Workbook"
    public var author: String?
    public var description: String?
    /// The language of the pages, as a BCP 47 tag (`lang` attribute).
    public var locale = "en"
    /// The output folder relative to the workbook, when the command line does not name one.
    public var output: String?
    /// Heading names whose items become lessons.
    public var learnedHeadings = ["What I learned"]
    /// Heading names whose items become next steps.
    public var nextHeadings = ["Moving forward"]
    /// Lets raw HTML in Markdown bodies through; off by default.
    public var unsafeHTML = false

    public init() {}

    /// The section names Markdown rendering collects.
    var markdownSections: [String: [String]] {
        ["learned": learnedHeadings, "next": nextHeadings]
    }
}
