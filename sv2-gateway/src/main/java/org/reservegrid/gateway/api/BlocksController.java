package org.reservegrid.gateway.api;

import java.util.List;
import java.util.Map;
import org.reservegrid.gateway.block.BlockStore;
import org.reservegrid.gateway.block.FoundBlock;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/blocks}: the blocks found, newest first, with template-manager's answer. */
@RestController
class BlocksController {
    private final BlockStore blocks;

    BlocksController(BlockStore blocks) {
        this.blocks = blocks;
    }

    @GetMapping("/api/blocks")
    ResponseEntity<Map<String, Object>> blocks() {
        List<FoundBlock> recent = blocks.recent();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("count", recent.size(), "blocks", recent));
    }
}
