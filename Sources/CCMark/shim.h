#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/*
 * An arena for the memory cmark asks for while one document is parsed and rendered on one
 * thread. Parsing makes thousands of small nodes and buffers that all die together when the
 * document is freed; taking them from large blocks and letting the blocks go at once is much
 * cheaper than a malloc and a free for each. Memory from the arena must never reach free(3):
 * `rebound_arena_release` ends every allocation made on the thread since the last release.
 *
 * These functions are static, so every Swift file that calls them would get an arena of its
 * own: only Markdown.swift does.
 */

/* Each allocation is preceded by a 16-byte header holding its size, which keeps the next one
   aligned as malloc's would be. */
#define REBOUND_ARENA_HEADER 16
#define REBOUND_ARENA_BLOCK ((size_t)256 * 1024)

typedef struct rebound_arena_block {
    struct rebound_arena_block *previous;
    size_t capacity;
    size_t used;
    size_t padding;
    unsigned char bytes[];
} rebound_arena_block;

/* The newest block of this thread's arena, the older ones chained behind it. */
static rebound_arena_block **rebound_arena_slot(void) {
    static _Thread_local rebound_arena_block *top;
    return &top;
}

static size_t rebound_arena_span(size_t size) {
    return (size + REBOUND_ARENA_HEADER + 15) & ~(size_t)15;
}

/* Like cmark's own allocator, gives up on running out of memory rather than return NULL,
   which cmark does not check. */
static void *rebound_arena_allocate(size_t size) {
    if (size > SIZE_MAX / 2) abort();
    size_t span = rebound_arena_span(size);
    rebound_arena_block *block = *rebound_arena_slot();
    if (block == NULL || block->capacity - block->used < span) {
        size_t capacity = span > REBOUND_ARENA_BLOCK ? span : REBOUND_ARENA_BLOCK;
        rebound_arena_block *fresh = (rebound_arena_block *)malloc(sizeof(rebound_arena_block) + capacity);
        if (fresh == NULL) abort();
        fresh->previous = block;
        fresh->capacity = capacity;
        fresh->used = 0;
        *rebound_arena_slot() = block = fresh;
    }
    unsigned char *start = block->bytes + block->used;
    block->used += span;
    *(size_t *)start = size;
    return start + REBOUND_ARENA_HEADER;
}

/* Whether `pointer` is the newest allocation of the newest block, which can grow or shrink in place. */
static int rebound_arena_is_last(unsigned char *pointer, size_t size) {
    rebound_arena_block *block = *rebound_arena_slot();
    return block != NULL && pointer - REBOUND_ARENA_HEADER + rebound_arena_span(size) == block->bytes + block->used;
}

static void *rebound_arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / 4 / size) abort();
    void *pointer = rebound_arena_allocate(count * size);
    memset(pointer, 0, count * size);
    return pointer;
}

static void *rebound_arena_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return rebound_arena_allocate(size);
    unsigned char *bytes = (unsigned char *)pointer;
    size_t *header = (size_t *)(bytes - REBOUND_ARENA_HEADER);
    size_t old = *header;
    if (rebound_arena_is_last(bytes, old) && size <= SIZE_MAX / 2) {
        rebound_arena_block *block = *rebound_arena_slot();
        size_t start = block->used - rebound_arena_span(old);
        if (block->capacity - start >= rebound_arena_span(size)) {
            block->used = start + rebound_arena_span(size);
            *header = size;
            return pointer;
        }
    }
    void *moved = rebound_arena_allocate(size);
    memcpy(moved, pointer, old < size ? old : size);
    return moved;
}

/* Gives back the newest allocation; any other waits for the release. */
static void rebound_arena_free(void *pointer) {
    if (pointer == NULL) return;
    unsigned char *bytes = (unsigned char *)pointer;
    size_t size = *(size_t *)(bytes - REBOUND_ARENA_HEADER);
    if (rebound_arena_is_last(bytes, size)) (*rebound_arena_slot())->used -= rebound_arena_span(size);
}

/* Ends every allocation made on this thread since the last release, keeping one block of the
   usual size for the next document. */
static void rebound_arena_release(void) {
    rebound_arena_block *block = *rebound_arena_slot();
    while (block != NULL && (block->previous != NULL || block->capacity != REBOUND_ARENA_BLOCK)) {
        rebound_arena_block *previous = block->previous;
        free(block);
        block = previous;
    }
    if (block != NULL) block->used = 0;
    *rebound_arena_slot() = block;
}

static cmark_mem rebound_arena_memory = { rebound_arena_calloc, rebound_arena_realloc, rebound_arena_free };

/* `cmark_parse_document`, with the document's memory from this thread's arena. */
static inline cmark_node *rebound_arena_parse(const char *buffer, size_t length, int options) {
    cmark_parser *parser = cmark_parser_new_with_mem(options, &rebound_arena_memory);
    cmark_parser_feed(parser, buffer, length);
    cmark_node *document = cmark_parser_finish(parser);
    cmark_parser_free(parser);
    return document;
}

/* Asks glibc's allocator to give each thread's heap its whole 64 MB when it makes the heap, and to
   grow the main heap 64 MB at a time. Otherwise every few hundred kilobytes a thread allocates
   costs an mprotect(2), which holds the process's memory map locked against the page faults of
   the other threads. Untouched pages cost nothing. Elsewhere it does nothing. */
static inline void rebound_grow_heaps_in_large_steps(void) {
#ifdef __GLIBC__
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}
