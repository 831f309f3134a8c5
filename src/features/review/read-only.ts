import { createContext, useContext } from 'react';

/**
 * True while another tab holds the batch for editing: every control that changes the batch is
 * disabled and the grading keys do nothing (the host provides it; the default is editable).
 */
export const ReviewReadOnly = createContext(false);

export const useReviewReadOnly = () => useContext(ReviewReadOnly);
