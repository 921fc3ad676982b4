package org.reservegrid.gateway.block;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The blocks this gateway found: the most recent in memory for {@code GET /api/blocks}, every answered one
 * appended to {@code blocks.jsonl} in the data directory (read back at start, so the list survives restarts).
 */
public final class BlockStore {
    private static final Logger log = LoggerFactory.getLogger(BlockStore.class);
    private static final int RECENT = 200;

    private final Path file;
    private final JsonMapper mapper;
    private final Deque<FoundBlock> recent = new ArrayDeque<>();

    public BlockStore(Path file, JsonMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    public synchronized void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                remember(mapper.readValue(line, FoundBlock.class));
            } catch (JacksonException e) {
                log.warn("{}: skipping an unreadable line", file.getFileName());
            }
        }
    }

    /** A new block (pending) or an update of a known one (same hash). */
    public synchronized void put(FoundBlock block) {
        Iterator<FoundBlock> iterator = recent.iterator();
        while (iterator.hasNext()) {
            if (iterator.next().hash().equals(block.hash())) {
                iterator.remove();
            }
        }
        remember(block);
        if (!"pending".equals(block.result())) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(
                        file,
                        mapper.writeValueAsString(block) + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException | JacksonException e) {
                log.error("could not record block {} in {}: {}", block.hash(), file, e.getMessage());
            }
        }
    }

    /** Newest first. */
    public synchronized List<FoundBlock> recent() {
        List<FoundBlock> newestFirst = new ArrayList<>(recent.size());
        recent.descendingIterator().forEachRemaining(newestFirst::add);
        return newestFirst;
    }

    private void remember(FoundBlock block) {
        recent.addLast(block);
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }
}
