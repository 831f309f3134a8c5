import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppErrorBoundary } from './components/AppErrorBoundary';
import { reportError } from './report-error';
import { ServicesContext, startServices } from './services';
import './styles.css';

const { services, started } = startServices();
started.catch(reportError);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppErrorBoundary>
      <ServicesContext.Provider value={services}>
        <App />
      </ServicesContext.Provider>
    </AppErrorBoundary>
  </StrictMode>,
);
