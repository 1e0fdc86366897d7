package dev.adclick.query.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSV text itself: header, RFC 4180 quoting, nulls, CRLF. */
class CsvAnswersTest {
    @Test
    void quotesWhatNeedsItAndKeepsTheHeaderOrder() {
        List<String> header = List.of("key", "clicks", "ctr");
        String csv = CsvAnswers.write(header, List.of(
                new JsonObject().put("ctr", 0.5).put("clicks", 3).put("key", "home"),
                new JsonObject().put("key", "a,b \"c\"").put("clicks", 2).putNull("ctr"),
                new JsonObject().put("key", "two\nlines").put("clicks", 1).put("ctr", 1.0)));
        assertThat(csv).isEqualTo("key,clicks,ctr\r\nhome,3,0.5\r\n\"a,b \"\"c\"\"\",2,\r\n\"two\nlines\",1,1.0\r\n");
    }

    @Test
    void anEmptyAnswerIsItsHeader() {
        assertThat(CsvAnswers.write(List.of("start", "clicks"), List.of())).isEqualTo("start,clicks\r\n");
    }
}
