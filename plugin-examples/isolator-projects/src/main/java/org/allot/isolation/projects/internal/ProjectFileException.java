package org.allot.isolation.projects.internal;

/** The projects file is malformed; the message names the file, the line, the field and what was expected. */
public final class ProjectFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProjectFileException(String message) {
        super(message);
    }
}
