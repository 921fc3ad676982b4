package org.reservegrid.noderpc.testing;

import org.reservegrid.testkit.TestData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node answers under the repository's {@code testdata/fixtures} (verbatim, see its SOURCES.md; found by the
 * testkit's {@link TestData}), as fresh mutable trees.
 */
public final class SharedFixtures {
    private SharedFixtures() {}

    /** A getblocktemplate result from testdata/fixtures/gbt, as a fresh mutable tree. */
    public static ObjectNode gbt(String name) {
        return (ObjectNode) TestData.json(TestData.fixture("gbt/" + name));
    }

    /** The verbatim Bitcoin Core getmempoolinfo result inside the mempool.space capture. */
    public static ObjectNode coreMempoolInfo() {
        JsonNode capture = TestData.json(TestData.fixture("mempool/mempoolspace-mainnet-h837050-init.json"));
        return (ObjectNode) capture.get("mempoolInfo");
    }
}
