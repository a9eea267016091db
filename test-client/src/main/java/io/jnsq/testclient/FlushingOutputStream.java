package io.jnsq.testclient;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Every write goes out at once: compressing streams would otherwise hold it until a flush. */
final class FlushingOutputStream extends FilterOutputStream {

    FlushingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        out.flush();
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** Nothing left to flush: a deflate stream would otherwise send an empty sync block for it. */
    @Override
    public void flush() {
    }
}
