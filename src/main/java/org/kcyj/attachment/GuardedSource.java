package org.kcyj.attachment;

import java.io.IOException;

import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadView;

/**
 * The uploaded bytes as PDFBox reads them, with the {@link ParseBudget} checked on every read, also
 * through the views PDFBox opens on streams. Not thread-safe, like PDFBox's own sources.
 */
final class GuardedSource implements RandomAccessRead {

    private final byte[] bytes;
    private final ParseBudget budget;
    private int position;
    private boolean closed;

    GuardedSource(byte[] bytes, ParseBudget budget) {
        this.bytes = bytes;
        this.budget = budget;
    }

    @Override
    public int read() throws IOException {
        checkOpen();
        budget.checkSingleRead();
        return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int offset, int length) throws IOException {
        checkOpen();
        budget.check();
        if (length == 0) {
            return 0;
        }
        int count = Math.min(length, bytes.length - position);
        if (count <= 0) {
            return -1;
        }
        System.arraycopy(bytes, position, b, offset, count);
        position += count;
        return count;
    }

    @Override
    public long getPosition() throws IOException {
        checkOpen();
        return position;
    }

    @Override
    public void seek(long newPosition) throws IOException {
        checkOpen();
        if (newPosition < 0) {
            throw new IOException("invalid position " + newPosition);
        }
        position = (int) Math.min(newPosition, bytes.length);
    }

    @Override
    public long length() throws IOException {
        checkOpen();
        return bytes.length;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isEOF() throws IOException {
        checkOpen();
        return position >= bytes.length;
    }

    @Override
    public RandomAccessReadView createView(long startPosition, long streamLength) throws IOException {
        checkOpen();
        return new RandomAccessReadView(new GuardedSource(bytes, budget), startPosition, streamLength, true);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("source closed");
        }
    }
}
